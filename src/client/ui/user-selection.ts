/**
 * The users pane's selection when the selected user leaves: the next one in
 * the list takes it (the last one, when they were last), as in a file
 * manager, instead of the selection jumping back to the top. Pure.
 */
import type { UserList } from '../core/user-list.js';

export function followSelection(users: UserList, selected: string | null): string | null {
  if (selected === null || users.has(selected)) return selected;
  if (users.length === 0) return null;
  // Everyone after the departed user moved up one place: the next one is where they were.
  return users.at(Math.min(users.rankOf(selected), users.length - 1))!.name;
}
