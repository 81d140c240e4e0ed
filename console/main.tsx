/** The console's entry point: the stylesheets (bundled into one, beside the script) and the app. */
import './styles/base.css';
import './styles/sidebar.css';
import './styles/conversation.css';
import './styles/views.css';
import { render } from 'preact';
import { App } from './App.js';

render(<App />, document.getElementById('app')!);
