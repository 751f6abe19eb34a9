import { defineConfig, type ProxyOptions } from 'vite';

type ProxyServer = Parameters<NonNullable<ProxyOptions['configure']>>[0];
import react from '@vitejs/plugin-react';

// The API server the dev server and `vite preview` forward to (the built app is served by the server itself).
const apiServer = process.env.ARRAKIS_API ?? 'http://localhost:8080';
const proxy = {
  '/api': { target: apiServer, changeOrigin: true },
  '/v3': { target: apiServer, changeOrigin: true },
  '/ws': {
    target: apiServer,
    ws: true,
    changeOrigin: true,
    // The server accepts WebSocket handshakes from its own origin only; through this proxy the browser's origin is
    // the dev server's, so present the server's own (the packaged app is served by the server, same origin).
    configure: (server: ProxyServer) => server.on('proxyReqWs', (request) => request.setHeader('origin', apiServer)),
  },
};

export default defineConfig({
  plugins: [react()],
  build: {
    // Packaged by Maven into the web-ui jar as static/, which Spring Boot serves at `/`.
    outDir: 'target/classes/static',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1000,
  },
  server: { proxy },
  preview: { proxy },
  test: {
    environment: 'jsdom',
    globals: true,
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test-setup.ts'],
  },
});
