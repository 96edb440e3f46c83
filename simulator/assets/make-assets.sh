#!/usr/bin/env bash
# Regenerates the simulator's media: for each aspect ratio Luma answers with, a ~3 s H.264 clip,
# its first frame (thumbnail) and its last frame, at the exact pixel size Luma reports.
# Run by hand when the set changes (needs ffmpeg with libx264); CI uses the committed files.
# Usage: simulator/assets/make-assets.sh
set -euo pipefail

cd "$(dirname "$0")"

DURATION=3
FPS=24
FRAMES=$((DURATION * FPS))

# name:width:height:seed — the seed varies the palette so each ratio is recognisable.
SIZES=(
  "16x9:1360:752:1"
  "9x16:752:1360:2"
  "1x1:1024:1024:3"
  "4x3:1168:864:4"
  "3x4:864:1168:5"
  "21x9:1568:672:6"
  "9x21:672:1568:7"
)

for entry in "${SIZES[@]}"; do
  IFS=: read -r name width height seed <<<"$entry"
  size="${width}x${height}"

  # A slowly drifting multi-colour gradient: pleasant, and smooth enough to stay tiny at a high CRF.
  ffmpeg -hide_banner -loglevel error -y \
    -f lavfi -i "gradients=s=${size}:r=${FPS}:d=${DURATION}:n=4:speed=0.03:seed=${seed}:type=radial" \
    -frames:v "$FRAMES" -an \
    -c:v libx264 -preset veryslow -crf 34 -pix_fmt yuv420p -movflags +faststart \
    "${name}.mp4"

  ffmpeg -hide_banner -loglevel error -y -i "${name}.mp4" \
    -vf "select=eq(n\,0)" -frames:v 1 -q:v 10 "${name}-thumb.jpg"

  ffmpeg -hide_banner -loglevel error -y -i "${name}.mp4" \
    -vf "select=eq(n\,$((FRAMES - 1)))" -frames:v 1 -q:v 10 "${name}-last.jpg"
done

ls -l ./*.mp4 ./*.jpg
