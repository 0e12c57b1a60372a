/**
 * OUTSCALE's length and count limits, written once: the request schemas, the sandbox's rules and the forms' field
 * messages all use these numbers.
 */

/** A snapshot's Description (CreateSnapshot). */
export const DESCRIPTION_MAX = 255;
/** A tag's Key is 1 to 255 characters; its Value at most 255. */
export const TAG_KEY_MAX = 255;
export const TAG_VALUE_MAX = 255;
/** Tags on one resource (the sandbox's cap; OUTSCALE's is an account quota: see server/LIMITATIONS.md). */
export const MAX_TAGS_PER_RESOURCE = 50;
/** A ClientToken (idempotency key). */
export const CLIENT_TOKEN_MAX = 64;
/** ResultsPerPage of the Read calls. */
export const RESULTS_PER_PAGE_MAX = 1000;
