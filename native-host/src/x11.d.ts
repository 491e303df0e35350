// The `x11` package ships no types; the host uses a small part of it through typed wrappers (platform/x11-client.ts).
declare module 'x11';
