export default defineBackground(() => {
  // Wiring lands with the background worker (lib/background).
});
