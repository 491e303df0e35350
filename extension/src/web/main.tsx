import { render } from 'preact';
import { App } from '../customer/App.tsx';
import { webPlatform } from '../customer/platform-web.ts';
import '../ui/styles.css';

render(<App platform={webPlatform(window.location)} />, document.getElementById('app')!);
