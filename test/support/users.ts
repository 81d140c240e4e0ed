/** Two users and an admin with static API tokens, for auth and tenancy tests. */
export const ALICE = 'tok-alice-0123456789abcdef';
export const BOB = 'tok-bob-0123456789abcdef';
export const ROOT = 'tok-root-0123456789abcdef';
export const AUTH_ENV = { AUTH_TOKENS: `${ALICE}=alice,${BOB}=bob,${ROOT}=root:admin` };
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
