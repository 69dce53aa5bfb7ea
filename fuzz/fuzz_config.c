/*
 * libFuzzer target for the YAML loader (config/config.c): the fuzz input is a plan file
 * in a temporary configuration tree (settings with owners, one establishment), loaded
 * with config_load() exactly as `actionboard check` and `sync` load it. Either a complete
 * model_config or an error with a code; a crash, a leak, undefined behaviour or a hang is
 * a finding.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../config/config.h"

static char dir[256], settings_path[512], plan_path[512];

static void write_file(const char *path, const void *data, size_t n)
{
	FILE *fp = fopen(path, "wb");
	if (!fp || fwrite(data, 1, n, fp) != n || fclose(fp) != 0)
		abort();
}

static void setup(void)
{
	snprintf(dir, sizeof dir, "/tmp/ab-fuzz-config-%ld", (long)getpid());
	char sub[512];
	mkdir(dir, 0700);
	snprintf(sub, sizeof sub, "%s/establishments", dir);
	mkdir(sub, 0700);
	snprintf(sub, sizeof sub, "%s/plans", dir);
	mkdir(sub, 0700);
	snprintf(sub, sizeof sub, "%s/establishments/LIV.yaml", dir);
	const char est[] = "code: LIV\nname: HMP Liverpool\n";
	write_file(sub, est, sizeof est - 1);
	snprintf(settings_path, sizeof settings_path, "%s/actionboard.yaml", dir);
	const char set[] = "establishments: [establishments/*.yaml]\n"
			   "plans: [plans/*.yaml]\n"
			   "owners:\n"
			   "  - name: Governor\n"
			   "    aliases: [\"Governor.\", The Governor]\n"
			   "  - name: NHS England\n"
			   "    aliases: [NHSE]\n";
	write_file(settings_path, set, sizeof set - 1);
	snprintf(plan_path, sizeof plan_path, "%s/plans/plan.yaml", dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!dir[0])
		setup();
	write_file(plan_path, data, size);
	model_config *cfg = NULL;
	ab_err err = {0};
	int rc = config_load(settings_path, NULL, &cfg, &err);
	if (rc == 0 && !cfg)
		abort();
	if (rc != 0 && (cfg || !err.code))
		abort();
	model_config_free(cfg);
	return 0;
}
