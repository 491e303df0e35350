/**
 * The two extensions' fixed identities, defined once. The id is derived from
 * the manifest `key` (SHA-256 of the DER public key, first 32 hex digits mapped
 * 0-f -> a-p); a unit test checks that each pair agrees.
 */
export const CUSTOMER_EXTENSION = {
  name: 'customer',
  key: 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA9qBwbYZTYBvEa9hqil0tkp5wsj0kXQKDHUFPiPdVhMP3gIxPFi+UmESrq90aVNSDO2qoSoYA11MDuxtRqKttVGIFSWc8QMCrG/G/rSif7b4r5aZjxbXff62ZfqYTcpovV8091/K1Puta3E6zb9F4EeD61WK/wvN+TvbyPHJTNuqDgDx1cYG66MWLWKDe4qdt7lPx663ySHRLjPRRssGMrIioGPPyptw07+AWSLdzaOtdDiri/Bs3TMZs0cSDMpVj9M5NPUTclxlh0TNiwrDpomW4b82hBVVuK5FEHpxRqstOopuZThkfyJr1zc0gMlmqQkvkkmZTTNUvDGW09+776wIDAQAB',
  id: 'belghemobbljeeolioobknihpjicgchp',
} as const;

export const CONSOLE_EXTENSION = {
  name: 'console',
  key: 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA1imL5RCWzeTX6Q40/yJYiiapH849x5++KkiR+FVYoCZgX26sjoxNrVf9MtJYjUZlG/0G4PAAuo3Ch2S7ki0Wqel3xgsoh1ZKXn7OWYw+HV7OlM+7TahRKoxUYf06bUDIbHw0UAphK6HdmwSsTyka13hg8jrxGOlMLjvCkuGnhu1c4dGiWx0/YeQbg4JDZQjHGA5xx4ukSU3Z3mg7dekOogdKUia+2iKz6IH2eDtoiRqp7fJiJTf8kz6TerDyVW/vXDpne1vg/piPAteEn/4GFQRJ0q+4WaWnk86MlbaUoTOvCVa4divZA4U1mtuPonVtDATXPaoud9djvN9J3nv42wIDAQAB',
  id: 'kfolgppgcegjmnklglhgccjafaoiohia',
} as const;

/** Name of the native messaging host the customer extension talks to. */
export const NATIVE_HOST_NAME = 'org.openremotesupport.host';

export const extensionOrigin = (id: string): string => `chrome-extension://${id}`;
