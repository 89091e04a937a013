/*
 * Whether this page is signing its member out. Signing out ends the session on
 * purpose: what meets its end on the way out (the layout's own query, the
 * notification badge's recount after its socket closed) must not turn "signed
 * out" into "your session has ended". The page is left by a full load, which
 * starts this over.
 */
let signingOut = false;

export const startSigningOut = (): void => {
  signingOut = true;
};

export const isSigningOut = (): boolean => signingOut;
