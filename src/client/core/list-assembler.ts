/**
 * Puts a user list sent in parts back together (docs/protocol.md "Long user
 * lists"): a `welcome` or `users` with `moreUsers: N` is held until the N
 * `joined` events marked `listing` that follow it have arrived, then passed
 * on whole, so the rest of the client sees one complete list, as from a
 * small server, and no "joined" notice for users who were there all along.
 * Pure: events in, events out.
 *
 * A server that breaks off a list (any other event first) gets what it sent
 * so far, then that event; one that announces more users than any server
 * holds is held to MAX_ASSEMBLED_USERS, a memory bound against a hostile server.
 */
import type { ServerEvent, User, UsersEvent, WelcomeEvent } from '../../protocol/messages.js';

/** Far above any server's connection limit (tchat's default is 10,000). */
export const MAX_ASSEMBLED_USERS = 1_000_000;

export class ListAssembler {
  private held: WelcomeEvent | UsersEvent | undefined = undefined;
  private users: User[] = [];
  private missing = 0;

  /** The events to pass on now, in order (none while a list is incomplete). */
  push(event: ServerEvent): ServerEvent[] {
    if (this.held !== undefined) {
      if (event.type === 'joined' && event.listing === true) {
        if (this.users.length < MAX_ASSEMBLED_USERS) this.users.push(event.user);
        this.missing -= 1;
        return this.missing > 0 ? [] : [this.release()];
      }
      return [this.release(), ...this.push(event)];
    }
    if ((event.type === 'welcome' || event.type === 'users') && (event.moreUsers ?? 0) > 0) {
      this.held = event;
      this.users = [...event.users];
      this.missing = event.moreUsers!;
      return [];
    }
    if (event.type === 'joined' && event.listing === true) {
      // A listing line without its list (not from a tchat server): a join like any other.
      const { listing: _listing, ...joined } = event;
      return [joined];
    }
    return [event];
  }

  /** Forgets a list in progress (the connection is gone). */
  reset(): void {
    this.held = undefined;
    this.users = [];
    this.missing = 0;
  }

  private release(): ServerEvent {
    const { moreUsers: _more, ...event } = this.held!;
    const whole = { ...event, users: this.users };
    this.reset();
    return whole;
  }
}
