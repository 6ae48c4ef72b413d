/**
 * The JWT claims that carry the actor. In AWS they are Cognito custom attributes of the user
 * (present in the ID token the HTTP API JWT authorizer verifies); locally the dev issuer signs the
 * same names. API Gateway hands every claim to the handler as a string.
 */
export const claimNames = {
  tenantId: 'custom:tenant_id',
  userId: 'custom:user_id',
  accessLevel: 'custom:access_level',
  branchId: 'custom:branch_id',
  departmentId: 'custom:department_id',
  /** Space-separated permission names. */
  permissions: 'custom:permissions',
} as const;

/** Cognito custom attribute names (without the `custom:` prefix), for the user pool schema. */
export const cognitoCustomAttributes = Object.values(claimNames).map((c) => c.replace(/^custom:/, ''));

/**
 * The claims a token of this user carries. The local dev issuer signs exactly these; in AWS they
 * are the user's Cognito attributes. Values are strings, as API Gateway passes them on.
 */
export function claimsForUser(user: {
  tenantId: string;
  id: string;
  email: string;
  accessLevel: number;
  branchId?: string | undefined;
  departmentId?: string | undefined;
  permissions: readonly string[];
}): Record<string, string> {
  return {
    sub: user.id,
    email: user.email,
    [claimNames.tenantId]: user.tenantId,
    [claimNames.userId]: user.id,
    [claimNames.accessLevel]: String(user.accessLevel),
    ...(user.branchId ? { [claimNames.branchId]: user.branchId } : {}),
    ...(user.departmentId ? { [claimNames.departmentId]: user.departmentId } : {}),
    [claimNames.permissions]: user.permissions.join(' '),
  };
}
