import { render } from 'preact';
import { App } from '../../App.tsx';
import { extensionPlatform } from '../../platform-extension.ts';
import '../../../ui/styles.css';

render(<App platform={extensionPlatform} />, document.getElementById('app')!);
