/** Version of the wire contract. Every client's first message carries it in `hello`; a mismatch gets `incompatible`. */
export const PROTOCOL_VERSION = 1;

/** WebSocket subprotocol the live API speaks; the bearer token rides in a second, `auth.`-prefixed subprotocol entry. */
export const LIVE_SUBPROTOCOL = 'rs.live';
export const AUTH_SUBPROTOCOL_PREFIX = 'auth.';
