/**
 * The words seeded prompts are made of (scripts/seed.ts, bench/postgres-store.ts): English and Chinese, so both
 * databases are measured and tried on the same kind of prompts, searches for 2- and 3+-character words included.
 */
export const SUBJECTS = [
  "a red fox",
  "an astronaut",
  "a paper boat",
  "a lighthouse",
  "a koi carp",
  "a vintage tram",
  "a hummingbird",
  "a neon alley",
  "a glass city",
  "a snow leopard",
  "一只橘猫",
  "一座古老的寺庙",
  "雨中的霓虹街道",
  "一条金色的龙",
  "樱花树下的少女",
];
export const ACTIONS = [
  "drifting through fog",
  "running across snow",
  "at golden hour",
  "under a thunderstorm",
  "in slow motion",
  "seen from a drone",
  "reflected in a puddle",
  "in a dolly zoom",
  "在月光下跳舞",
  "缓缓升起",
  "穿过云海",
  "在雪地里奔跑",
];
export const STYLES = [
  "cinematic, 35mm film",
  "Studio Ghibli style",
  "hyperreal macro shot",
  "anamorphic lens flare",
  "watercolor",
  "电影感，浅景深",
  "赛博朋克风格",
  "水墨画风格",
];
