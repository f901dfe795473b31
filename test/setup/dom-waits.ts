/**
 * Testing Library gives up waiting for the window after 1 s, which a loaded machine can take to render a page: in a
 * test that renders one, every wait for something to appear may take as long as a test may.
 */
if ('document' in globalThis) {
  const { configure } = await import('@testing-library/react');
  configure({ asyncUtilTimeout: 15_000 });
}
