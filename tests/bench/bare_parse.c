/*
 * bare_parse.c - the floor for any libyaml loader: reads every event of a
 * file with yaml_parser_parse and deletes it, nothing else. `make bench`
 * times runcheck lint against it.
 *
 *	bare_parse FILE
 *
 * Exits 0 when the file parses, 1 when it does not, 66 when it cannot be
 * opened.
 */
#include <stdio.h>
#include <yaml.h>

int main(int argc, char **argv)
{
	yaml_parser_t parser;
	yaml_event_t event;
	FILE *f;
	int rc = 1;
	unsigned long events = 0;

	if (argc != 2) {
		fputs("usage: bare_parse FILE\n", stderr);
		return 64;
	}
	f = fopen(argv[1], "rb");
	if (f == NULL) {
		perror(argv[1]);
		return 66;
	}
	if (!yaml_parser_initialize(&parser)) {
		fclose(f);
		return 70;
	}
	yaml_parser_set_input_file(&parser, f);
	for (;;) {
		if (!yaml_parser_parse(&parser, &event)) {
			fprintf(stderr, "%s: %s\n", argv[1],
				parser.problem ? parser.problem : "error");
			goto done;
		}
		events++;
		if (event.type == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&event);
			break;
		}
		yaml_event_delete(&event);
	}
	rc = 0;
done:
	yaml_parser_delete(&parser);
	fclose(f);
	return rc;
}
