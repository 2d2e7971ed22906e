/** SDK version (also sent in announcements as `sdkVersion`). */
export const version = '0.1.0';
