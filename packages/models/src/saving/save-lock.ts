/**
 * In-process serialization of saves: saves to one resolved folder run one after another, in call order,
 * so two `model.save('file://x')` calls that are not awaited cannot interleave their renames. (Across
 * processes the rename swap in atomic-write.ts keeps the folder consistent on its own.)
 */

const tails = new Map<string, Promise<void>>();

/** Runs `task` once every earlier task queued under `key` has settled; a failure does not block the queue. */
export async function withPathLock<T>(key: string, task: () => Promise<T>): Promise<T> {
  const before = tails.get(key) ?? Promise.resolve();
  let release = (): void => undefined;
  const mine = new Promise<void>((resolve) => {
    release = resolve;
  });
  const tail = before.then(() => mine);
  tails.set(key, tail);
  await before;
  try {
    return await task();
  } finally {
    release();
    if (tails.get(key) === tail) tails.delete(key);
  }
}
