#ifndef GREET_H
#define GREET_H
/* Returns a friendly greeting for name; the string is static. */
const char *greet(const char *name);
#endif
