/** The window's frame; the channel, log, approvals and settings pages mount here over the contract. */
export function App() {
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: '2rem' }}>
      <h1>Dingbridge</h1>
      <p>DingTalk bots ⇄ the coding agents on this machine.</p>
    </main>
  );
}
