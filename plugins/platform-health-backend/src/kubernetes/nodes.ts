import type { V1Node } from '@kubernetes/client-node';

export function isNodeReady(node: V1Node): boolean {
  return (
    node.status?.conditions?.find(c => c.type === 'Ready')?.status === 'True'
  );
}

/** Why a node is not ready, in its own words, or undefined when it is. */
export function nodeNotReadyReason(node: V1Node): string | undefined {
  const ready = node.status?.conditions?.find(c => c.type === 'Ready');
  if (!ready) return 'the node reports no Ready condition';
  if (ready.status === 'True') return undefined;
  return (
    [ready.reason, ready.message].filter(Boolean).join(': ') ||
    `Ready is ${ready.status}`
  );
}

/** The node's roles, from its `node-role.kubernetes.io/<role>` labels. */
export function nodeRoles(node: V1Node): string[] {
  return Object.keys(node.metadata?.labels ?? {})
    .filter(l => l.startsWith('node-role.kubernetes.io/'))
    .map(l => l.slice('node-role.kubernetes.io/'.length))
    .filter(Boolean);
}
