/**
 * Loaded into a daemon by the security suite (`--import`): on SIGUSR2, an error that nothing catches and a failed
 * promise that nothing waits for, standing in for whatever mistake a request might one day hit.
 */
process.on('SIGUSR2', () => {
  setImmediate(() => {
    throw new Error('planted: a mistake nothing caught');
  });
  void Promise.reject(new Error('planted: a failure nothing waited for'));
});
