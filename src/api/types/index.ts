// SKELETON — being completed from the API reference.
export interface LoginParams {
  username: string;
  password: string;
}
export interface Permission {
  GET: 0 | 1;
  POST: 0 | 1;
}
export interface LoginResponse {
  permission: Permission;
}
export interface StatusWanConnectionParams {
  id?: number | readonly number[];
}
export type StatusWanConnectionResponse = Record<string, unknown>;
