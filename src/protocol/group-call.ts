/**
 * Group calls (docs/protocol.md "Group calls"): the capability a client
 * says in `hello.caps` when it can be in a call of more than two, and the
 * size limit. A user without it can only be in a 1:1 call. Pure.
 */

/** The capability (`hello.caps`) of a client that takes part in group calls. */
export const GROUP_CALL_CAP = 'group-call';

/** At most this many people in one call, the caller included (`call_full` beyond). */
export const MAX_CALL_MEMBERS = 4;
