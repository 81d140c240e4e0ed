/**
 * Runs async tasks one at a time per key, in call order. The MongoDB store writes
 * each session document through one of these: FerretDB 1.x applies every update as
 * read, modify in Go, write back, without isolation (FerretDB issues #2168, #3040),
 * so two concurrent `$inc`s of one document lose one. Queueing this process's writes
 * per session makes them atomic again on FerretDB and costs MongoDB next to nothing
 * (a turn already writes its session one step at a time). Writers in other processes
 * can still race on FerretDB; on MongoDB the operations are atomic by themselves.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const result = (this.tails.get(key) ?? Promise.resolve()).then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
