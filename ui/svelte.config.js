// Svelte compiler settings, read by the Vite plugin and by svelte-check.
// Contract: every component uses runes; nothing else is configured here.
/** @type {import('@sveltejs/vite-plugin-svelte').SvelteConfig} */
export default {
  compilerOptions: {
    runes: true,
  },
};
