// First: MV3 extension pages forbid eval, and schemas built after this import never probe it.
import '@rs/protocol/strict-csp';
import { render } from 'preact';
import { App } from '../../App.tsx';
import { extensionPlatform } from '../../platform-extension.ts';
import '../../../ui/styles.css';

render(<App platform={extensionPlatform} />, document.getElementById('app')!);
