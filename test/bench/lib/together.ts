/**
 * Two things started at once (servers, workers, a browser: setup, never something timed). If
 * either fails, the other is stopped once it has started, and the first failure is thrown.
 */
export async function together<A, B>(a: Promise<A>, stopA: (a: A) => Promise<void>, b: Promise<B>, stopB: (b: B) => Promise<void>): Promise<[A, B]> {
  const [ra, rb] = await Promise.allSettled([a, b]);
  if (ra.status === 'rejected' || rb.status === 'rejected') {
    if (ra.status === 'fulfilled') await stopA(ra.value);
    if (rb.status === 'fulfilled') await stopB(rb.value);
    throw ra.status === 'rejected' ? ra.reason : rb.status === 'rejected' ? rb.reason : undefined;
  }
  return [ra.value, rb.value];
}
