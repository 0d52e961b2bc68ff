/**
 * Waits for every task, then throws the first failure in the tasks' order, if any: nothing is thrown
 * while another task still runs (it may be using a connector that the thrower's caller then closes).
 */
export async function allOrFirstError<T>(tasks: Iterable<Promise<T>>): Promise<T[]> {
  const settled = await Promise.allSettled(tasks);
  return settled.map((s) => {
    if (s.status === 'rejected') throw s.reason;
    return s.value;
  });
}
