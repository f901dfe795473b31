import { StrictMode, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connect, type LinkStatus } from './api';
import { ApiProvider } from './hooks/api-context';
import './styles.css';

function Root() {
  const [link, setLink] = useState<LinkStatus>('connecting');
  const api = useMemo(() => connect(setLink), []);
  return (
    <ApiProvider api={api} link={link}>
      <App />
    </ApiProvider>
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html lost its #root element');
createRoot(root).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
