/** What to install for each external tool (Debian/Ubuntu package names). */
export const INSTALL_HINTS: Readonly<Record<string, string>> = {
  sox: 'sudo apt install sox',
  rec: 'sudo apt install sox',
  play: 'sudo apt install sox',
  arecord: 'sudo apt install alsa-utils',
  aplay: 'sudo apt install alsa-utils',
  'pw-play': 'sudo apt install pipewire-bin',
  paplay: 'sudo apt install pulseaudio-utils',
  ffplay: 'sudo apt install ffmpeg',
  ffmpeg: 'sudo apt install ffmpeg',
  fswebcam: 'sudo apt install fswebcam',
};

export const RECORDER_HINT = 'no audio recorder found (sox, rec or arecord): sudo apt install sox';
export const PLAYER_HINT =
  'no working audio player found (aplay, pw-play, paplay, play or ffplay): sudo apt install alsa-utils';
export const CAMERA_HINT =
  'no camera tool found (fswebcam or ffmpeg): sudo apt install fswebcam (or ffmpeg for higher frame rates)';
