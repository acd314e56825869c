import { render } from 'preact';

render(<main>CME DevTools</main>, document.getElementById('app')!);
