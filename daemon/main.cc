// nudged: tells caregivers how many days their student missed. See README.md.
#include "app/cli.h"

int main(int argc, char** argv) { return nudged::RunCli(argc, argv); }
