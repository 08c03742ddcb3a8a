/** The shortest password accepted anywhere: sign-up, change, reset links, invitations and the CLI. */
export const MIN_PASSWORD = 10;
