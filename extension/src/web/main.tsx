// First: the page's CSP forbids eval, and schemas built after this import never try it.
import '@rs/protocol/strict-csp';
import { render } from 'preact';
import { App } from '../customer/App.tsx';
import { webPlatform } from '../customer/platform-web.ts';
import '../ui/styles.css';

render(<App platform={webPlatform(window.location)} />, document.getElementById('app')!);
