/** Who is asking: the identity every authenticator produces and every resolver checks. */
export interface Viewer {
  userId: string;
  isAdmin: boolean;
}
