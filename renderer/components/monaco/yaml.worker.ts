// monaco-yaml's language worker, re-exported from our own file so Vite bundles it as a local
// worker (its README's Vite workaround); loaded with `?worker`, never from a CDN.
import 'monaco-yaml/yaml.worker.js';
