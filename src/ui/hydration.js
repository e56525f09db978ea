// Inlined into every page by `HydrationScripts` (hydration.rs), which calls
// it with the hashed names of the bundle's JS and main WASM, where page
// chunks are served (empty for an unsplit bundle), and the page language's
// messages.
(js, wasm, chunksBase, messages) => {
  let started = false;
  // One file holds every chunk of the page's groups (ui::hydration::
  // page_chunks): a line of JSON naming each chunk and its length, then
  // the chunks.
  const unpack = (buffer) => {
    const bytes = new Uint8Array(buffer);
    const end = bytes.indexOf(10);
    const index = JSON.parse(new TextDecoder().decode(bytes.subarray(0, end)));
    const chunks = new Map();
    let at = end + 1;
    for (const [path, length] of index) {
      chunks.set(new URL(path, location.href).href, bytes.subarray(at, at + length));
      at += length;
    }
    return chunks;
  };
  const start = () => {
    if (started) return;
    started = true;
    const main = fetch(wasm);
    const text = fetch(messages).then((response) =>
      response.ok ? response.text() : Promise.reject(new Error(`${messages}: ${response.status}`)),
    );
    const groups = new Set();
    for (const meta of document.querySelectorAll('meta[name="portico-chunks"]')) groups.add(meta.content);
    if (chunksBase && groups.size) {
      // The chunk loader takes its chunks from here (`cargo xtask build`
      // patches it to); should this fail, it fetches each one itself.
      globalThis.__porticoChunks = fetch(chunksBase + [...groups].sort().join("+"))
        .then((response) => (response.ok ? response.arrayBuffer() : Promise.reject(response.status)))
        .then(unpack)
        .catch(() => new Map());
    }
    // Without its messages the client does not start: the page as the
    // server sent it still works, links and forms included.
    // Starting the main WASM and hydrating are separate tasks, so that
    // input waiting between them is handled.
    const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
    Promise.all([import(js), text])
      .then(([client, text]) =>
        client
          .default({ module_or_path: main })
          .then(nextTask)
          .then(() => client.hydrate(text)),
      )
      .catch((error) => console.error("Portico could not start", error));
  };
  // Once the page's text is on screen (its first contentful paint). A
  // hidden tab paints nothing, so it starts at once; a browser that does
  // not report paints starts after the first frame; and a page that never
  // paints text starts anyway, after a few seconds.
  if (document.visibilityState === "hidden") {
    start();
  } else if (globalThis.PerformanceObserver?.supportedEntryTypes?.includes("paint")) {
    new globalThis.PerformanceObserver((paints, observer) => {
      if (paints.getEntriesByName("first-contentful-paint").length) {
        observer.disconnect();
        setTimeout(start, 0);
      }
    }).observe({ type: "paint", buffered: true });
    setTimeout(start, 3000);
  } else {
    requestAnimationFrame(() => setTimeout(start, 0));
  }
}
