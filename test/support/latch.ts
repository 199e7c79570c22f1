/** A promise a test opens by hand: `await latch.opened` waits until `latch.open()` is called. */
export function latch(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((done) => {
    open = done;
  });
  return { opened, open };
}
