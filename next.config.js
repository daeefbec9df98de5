// Next.js configuration. The app is served by the custom server in server/ (Next +
// Socket.IO on one port); these packages run only there and are never bundled.
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  serverExternalPackages: ['chdb', '@clickhouse/client', 'kafkajs', 'ioredis', 'pino', 'pino-pretty', 'socket.io'],
  // `npm run typecheck` checks every file (CI runs it); the build skips it to start faster.
  typescript: { ignoreBuildErrors: true },
  // forbidden() in server-rendered pages: a 403 with app/forbidden.tsx ("not allowed").
  experimental: { authInterrupts: true },
  turbopack: { root: import.meta.dirname },
};

export default nextConfig;
