import { render } from 'preact';
import { App } from '../../App.tsx';
import '../../../ui/styles.css';

render(<App />, document.getElementById('app')!);
