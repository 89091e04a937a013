import { render } from 'solid-js/web';
import '../../src/styles.css';
import './console.css';
import { ConsoleApp } from './console.app';

const root = document.getElementById('root');
if (!root) throw new Error('#root element not found');

render(() => <ConsoleApp />, root);
