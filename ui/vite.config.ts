import { defineConfig } from "vite";

// The app as the Tauri shell loads it: `npm run dev` serves it on 5173 (tauri.conf.json devUrl),
// `npm run build` writes ui/dist (frontendDist). The mocked-IPC page has its own config.
export default defineConfig({
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "safari16",
    rollupOptions: { input: "index.html" },
  },
});
