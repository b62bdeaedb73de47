/**
 * The Node flags every process of the stack runs with, whoever starts it (`pnpm start`, the testkit's stacks;
 * the image runs them as its NODE_OPTIONS, which test/deploy holds to this list, so each must be a flag
 * NODE_OPTIONS allows).
 * A semi-space of 4 MB instead of V8's 16 keeps the young generation at 12 MB rather than 48: about 20 MB less
 * resident per process right after start (805 to 691 MB for the stack), for scavenges that come more often
 * but each copy as little (a request's objects are mostly dead by then). Measured on a Fastify route under
 * load: 2 MB cost 13 % more CPU per request, 4 MB nothing outside the noise.
 * An old space of at most 512 MB: V8 lets the old generation grow to its live size times a factor that it
 * caps by this limit, 4 from a 2 GB limit up (the default here is 4 GB), 1.4 at 512 MB. Under load a service
 * with 40 MB live thus reached 60–80 MB of old space, garbage that stays resident until V8's memory reducer
 * runs, if it does; at 1.4 it stopped at 55–60 (bench/README.md has the figures). The price is more full
 * collections: on a route that keeps every response for a while (the worst case) 0.10 ms of CPU per request
 * became 0.11–0.12. The limit is far above what the stack holds: exports stream, and ten concurrent ones
 * peaked at 214–251 MB resident in reporting.
 */
export const NODE_FLAGS: readonly string[] = ['--enable-source-maps', '--max-semi-space-size=4', '--max-old-space-size=512']

/**
 * The environment every process of the stack starts with, beside NODE_FLAGS, unless the operator's own
 * environment says otherwise (`pnpm start`, the testkit's stacks, the image's ENV; test/deploy holds the image
 * to it).
 * MALLOC_TRIM_THRESHOLD_: glibc returns the top of its heap to the system once that much is free, and, set
 * explicitly, no longer raises the threshold (to up to 64 MB) after each large block it frees. V8 parses a
 * process's bundle (3.6 MB) and compiles its validators in large blocks of malloc'd memory at start; with the
 * raised threshold that memory stayed resident for good. 128 kB is glibc's own starting value.
 * Measured with `BENCH_ONLY=memory,startup` (bench/README.md): 6–9 MB less per process, the stack 712 → 655 MB
 * after a fresh start and 665 → 629 MB after a restart.
 */
export const PROCESS_ENV: Readonly<Record<string, string>> = { MALLOC_TRIM_THRESHOLD_: '131072' }
