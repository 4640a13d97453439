/**
 * What a service page says instead of its problem pods to someone who may not read the
 * cluster: "2 pods have problems (DevOps and admins see which)".
 *
 * @public
 */
export function withheldProblemPods(count: number): string {
  return `${count} ${
    count === 1 ? 'pod has' : 'pods have'
  } problems (DevOps and admins see which)`;
}
