/**
 * The bearer token the person typed, kept in sessionStorage: it lasts as long as the tab
 * and is never written anywhere a later visitor of the machine would find it. Absent in
 * single-user mode, where the server needs none.
 */
const KEY = 'parley.console.token';

export function storedToken(): string | null {
  return sessionStorage.getItem(KEY);
}

export function storeToken(token: string | null): void {
  if (token) sessionStorage.setItem(KEY, token);
  else sessionStorage.removeItem(KEY);
}
