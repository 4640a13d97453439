import { parseEntityRef } from '@backstage/catalog-model';
import type { ProjectCaller } from './projectAccess';

/** The signed-in person a request is made for. */
export type Caller = ProjectCaller;

/** The caller's group refs (as the sign-in resolver gave them). */
export const groupsOf = (caller: Caller) =>
  caller.ownershipEntityRefs.filter(ref => ref.startsWith('group:'));

/** `user:default/ada` -> `ada`: the hub user of a catalog user (JupyterHub lower-cases names). */
export function hubUserFor(userEntityRef: string): string {
  return parseEntityRef(userEntityRef).name.toLocaleLowerCase('en-US');
}
