import { defineConfig } from "vite";

// The UI against an in-memory fake backend (src/mock-setup.ts), for development, screenshots and
// demos in a plain browser. Built into dist-mock so it can never ship inside the app's dist.
export default defineConfig({
  clearScreen: false,
  server: { port: 5174, strictPort: true, open: false },
  preview: { port: 4173, strictPort: true },
  build: {
    outDir: "dist-mock",
    emptyOutDir: true,
    target: "safari16",
    rollupOptions: { input: "mock.html" },
  },
});
