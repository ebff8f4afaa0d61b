/*
 * Scenario scripts: when the environment variable SMI4J_MOCK_SCENARIO names a file at the first
 * nvmlInit_v2 / nvmlInitWithFlags of the process, the simulated host is read from it, so any NVML
 * client (pynvml, a C program) reads a scenario without Java in its process.
 *
 * The file is not the JSON scenario file: Java converts that (io.smi4j.mock.nativelib.NativeMock
 * script(), or `smi4j` tools through it) into the smi4jmock_* calls NativeMock.apply makes over JNA,
 * one per line. So there is one JSON reader (Jackson, with its JSON-path errors) and no C JSON
 * library to fetch and build against, and a file reaches this mock through exactly the calls the
 * parity tests already check.
 *
 * Timelines: a line "poll N" (N ascending, 2 or more) ends what runs at load; the lines after it, up to
 * the next "poll" line, run at the N-th nvmlDeviceGetCount_v2 of the process (every poll starts by
 * counting GPUs, as the Java mock counts them), each section a whole host starting with reset. After
 * the last section the host stops changing, as the Java mock's replay does.
 *
 * Format: the first line is "smi4j-native-script 1"; then one call per line: the function name
 * without "smi4jmock_", then its arguments separated by single spaces: integers in decimal (the
 * bits of negative ones are kept, as JNA passes Java's signed ints), doubles as strtod reads them,
 * strings as ' followed by the text with bytes outside '!'..'~' and '%' written %XX. Indices that
 * the add_* calls return are counted by the writer, as they are here (0, 1, ... per GPU).
 */
#define _POSIX_C_SOURCE 200809L /* getline, strtok_r under -std=c11 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mock.h"

#define MAX_ARGS 24

typedef struct {
    long long i;
    double d;
    const char *s;
} arg;

typedef struct {
    const char *name;
    const char *kinds; /* one letter per argument: i int, l 64-bit, d double, s string */
} call_shape;

static const call_shape SHAPES[] = {
    {"reset", "issi"},
    {"add_gpu", "ssi"},
    {"gpu_pci", "isiiiii"},
    {"gpu_memory", "illll"},
    {"gpu_readings", "iiiiiiii"},
    {"gpu_modes", "iiiii"},
    {"gpu_clock", "iiii"},
    {"gpu_add_process", "iislii"},
    {"gpu_process_use", "iiiiiliiiiii"},
    {"gpu_add_gpu_instance", "iiiiiiliii"},
    {"gi_add_compute_profile", "iiiiiii"},
    {"gi_add_compute_instance", "iiii"},
    {"gpu_add_mig_device", "issiillll"},
    {"gpu_guest_license", "ii"},
    {"gpu_add_license_feature", "iiisi"},
    {"gpu_vgpu_host", "iii"},
    {"gpu_scheduler_caps", "iiiiiiiiiii"},
    {"gpu_scheduler_state", "iiiii"},
    {"gpu_scheduler_log", "iiiiii"},
    {"gi_vgpu_host", "iii"},
    {"gi_vgpu_scheduler", "iiiiiiii"},
    {"gi_vgpu_log", "iiiiiiiii"},
    {"gi_add_log_entry", "iilllilli"},
    {"gi_add_vgpu_type", "iiiiii"},
    {"gi_type_add_creatable_placement", "iiii"},
    {"gpu_scheduler_v2", "iiiii"},
    {"log_entry_weight", "iii"},
    {"gpu_add_log_entry", "illlill"},
    {"gpu_add_vgpu_type", "iissliii"},
    {"vgpu_type_placement", "iiii"},
    {"vgpu_type_add_creatable_placement", "iii"},
    {"vgpu_placement", "iii"},
    {"vgpu_fbc", "iiiii"},
    {"vgpu_type_sizes", "iilll"},
    {"vgpu_runtime_state", "iil"},
    {"gpu_vgpu_capability", "iil"},
    {"driver_vgpu_capability", "il"},
    {"gpu_add_vgpu", "iisisisliiiiiiii"},
    {"vgpu_license", "iiiiiiiiiii"},
    {"vgpu_add_accounting", "iiiiillli"},
    {"gpu_add_util_sample", "iildddddd"},
    {"gpu_add_process_sample", "iiisliiii"},
    {"inject_error", "sii"},
    {"inject_aimed", "siilli"},
};

static int dispatch(const char *name, const arg *a) {
    if (strcmp(name, "reset") == 0) {
        return smi4jmock_reset((int) a[0].i, a[1].s, a[2].s, (int) a[3].i);
    }
    if (strcmp(name, "add_gpu") == 0) {
        return smi4jmock_add_gpu(a[0].s, a[1].s, (int) a[2].i);
    }
    if (strcmp(name, "gpu_pci") == 0) {
        return smi4jmock_gpu_pci((int) a[0].i, a[1].s, (unsigned int) a[2].i, (unsigned int) a[3].i, (unsigned int) a[4].i, (unsigned int) a[5].i, (unsigned int) a[6].i);
    }
    if (strcmp(name, "gpu_memory") == 0) {
        return smi4jmock_gpu_memory((int) a[0].i, (unsigned long long) a[1].i, (unsigned long long) a[2].i, (unsigned long long) a[3].i, (unsigned long long) a[4].i);
    }
    if (strcmp(name, "gpu_readings") == 0) {
        return smi4jmock_gpu_readings((int) a[0].i, (unsigned int) a[1].i, (unsigned int) a[2].i, (unsigned int) a[3].i, (unsigned int) a[4].i, (unsigned int) a[5].i, (unsigned int) a[6].i, (int) a[7].i);
    }
    if (strcmp(name, "gpu_modes") == 0) {
        return smi4jmock_gpu_modes((int) a[0].i, (int) a[1].i, (int) a[2].i, (int) a[3].i, (int) a[4].i);
    }
    if (strcmp(name, "gpu_clock") == 0) {
        return smi4jmock_gpu_clock((int) a[0].i, (int) a[1].i, (unsigned int) a[2].i, (unsigned int) a[3].i);
    }
    if (strcmp(name, "gpu_add_process") == 0) {
        return smi4jmock_gpu_add_process((int) a[0].i, (unsigned int) a[1].i, a[2].s, (unsigned long long) a[3].i, (unsigned int) a[4].i, (unsigned int) a[5].i);
    }
    if (strcmp(name, "gpu_process_use") == 0) {
        return smi4jmock_gpu_process_use((int) a[0].i, (int) a[1].i, (int) a[2].i, (int) a[3].i, (int) a[4].i, (unsigned long long) a[5].i, (unsigned int) a[6].i, (unsigned int) a[7].i, (unsigned int) a[8].i, (unsigned int) a[9].i, (unsigned int) a[10].i, (unsigned int) a[11].i);
    }
    if (strcmp(name, "gpu_add_gpu_instance") == 0) {
        return smi4jmock_gpu_add_gpu_instance((int) a[0].i, (unsigned int) a[1].i, (unsigned int) a[2].i, (unsigned int) a[3].i, (unsigned int) a[4].i, (unsigned int) a[5].i, (unsigned long long) a[6].i, (unsigned int) a[7].i, (unsigned int) a[8].i, (unsigned int) a[9].i);
    }
    if (strcmp(name, "gi_add_compute_profile") == 0) {
        return smi4jmock_gi_add_compute_profile((int) a[0].i, (int) a[1].i, (unsigned int) a[2].i, (unsigned int) a[3].i, (unsigned int) a[4].i, (unsigned int) a[5].i, (unsigned int) a[6].i);
    }
    if (strcmp(name, "gi_add_compute_instance") == 0) {
        return smi4jmock_gi_add_compute_instance((int) a[0].i, (int) a[1].i, (unsigned int) a[2].i, (unsigned int) a[3].i);
    }
    if (strcmp(name, "gpu_add_mig_device") == 0) {
        return smi4jmock_gpu_add_mig_device((int) a[0].i, a[1].s, a[2].s, (unsigned int) a[3].i, (unsigned int) a[4].i, (unsigned long long) a[5].i, (unsigned long long) a[6].i, (unsigned long long) a[7].i, (unsigned long long) a[8].i);
    }
    if (strcmp(name, "gpu_guest_license") == 0) {
        return smi4jmock_gpu_guest_license((int) a[0].i, (int) a[1].i);
    }
    if (strcmp(name, "gpu_add_license_feature") == 0) {
        return smi4jmock_gpu_add_license_feature((int) a[0].i, (int) a[1].i, (unsigned int) a[2].i, a[3].s, (int) a[4].i);
    }
    if (strcmp(name, "gpu_vgpu_host") == 0) {
        return smi4jmock_gpu_vgpu_host((int) a[0].i, (int) a[1].i, (int) a[2].i);
    }
    if (strcmp(name, "gpu_scheduler_caps") == 0) {
        return smi4jmock_gpu_scheduler_caps((int) a[0].i, (unsigned int) a[1].i, (unsigned int) a[2].i, (unsigned int) a[3].i, (unsigned int) a[4].i, (unsigned int) a[5].i, (unsigned int) a[6].i, (unsigned int) a[7].i, (unsigned int) a[8].i, (unsigned int) a[9].i, (unsigned int) a[10].i);
    }
    if (strcmp(name, "gpu_scheduler_state") == 0) {
        return smi4jmock_gpu_scheduler_state((int) a[0].i, (unsigned int) a[1].i, (unsigned int) a[2].i, (unsigned int) a[3].i, (unsigned int) a[4].i);
    }
    if (strcmp(name, "gpu_scheduler_log") == 0) {
        return smi4jmock_gpu_scheduler_log((int) a[0].i, (unsigned int) a[1].i, (unsigned int) a[2].i, (unsigned int) a[3].i, (unsigned int) a[4].i, (unsigned int) a[5].i);
    }
    if (strcmp(name, "gi_vgpu_host") == 0) {
        return smi4jmock_gi_vgpu_host((int) a[0].i, (int) a[1].i, (int) a[2].i);
    }
    if (strcmp(name, "gi_vgpu_scheduler") == 0) {
        return smi4jmock_gi_vgpu_scheduler((int) a[0].i, (int) a[1].i, (unsigned int) a[2].i, (unsigned int) a[3].i, (unsigned int) a[4].i, (unsigned int) a[5].i, (unsigned int) a[6].i, (unsigned int) a[7].i);
    }
    if (strcmp(name, "gi_vgpu_log") == 0) {
        return smi4jmock_gi_vgpu_log((int) a[0].i, (int) a[1].i, (unsigned int) a[2].i, (unsigned int) a[3].i, (unsigned int) a[4].i, (unsigned int) a[5].i, (unsigned int) a[6].i, (unsigned int) a[7].i, (unsigned int) a[8].i);
    }
    if (strcmp(name, "gi_add_log_entry") == 0) {
        return smi4jmock_gi_add_log_entry((int) a[0].i, (int) a[1].i, (unsigned long long) a[2].i, (unsigned long long) a[3].i, (unsigned long long) a[4].i, (unsigned int) a[5].i, (unsigned long long) a[6].i, (unsigned long long) a[7].i, (unsigned int) a[8].i);
    }
    if (strcmp(name, "gi_add_vgpu_type") == 0) {
        return smi4jmock_gi_add_vgpu_type((int) a[0].i, (int) a[1].i, (unsigned int) a[2].i, (int) a[3].i, (unsigned int) a[4].i, (unsigned int) a[5].i);
    }
    if (strcmp(name, "gi_type_add_creatable_placement") == 0) {
        return smi4jmock_gi_type_add_creatable_placement((int) a[0].i, (int) a[1].i, (unsigned int) a[2].i, (unsigned int) a[3].i);
    }
    if (strcmp(name, "gpu_scheduler_v2") == 0) {
        return smi4jmock_gpu_scheduler_v2((int) a[0].i, (unsigned int) a[1].i, (unsigned int) a[2].i, (unsigned int) a[3].i, (unsigned int) a[4].i);
    }
    if (strcmp(name, "log_entry_weight") == 0) {
        return smi4jmock_log_entry_weight((int) a[0].i, (int) a[1].i, (unsigned int) a[2].i);
    }
    if (strcmp(name, "gpu_add_log_entry") == 0) {
        return smi4jmock_gpu_add_log_entry((int) a[0].i, (unsigned long long) a[1].i, (unsigned long long) a[2].i, (unsigned long long) a[3].i, (unsigned int) a[4].i, (unsigned long long) a[5].i, (unsigned long long) a[6].i);
    }
    if (strcmp(name, "gpu_add_vgpu_type") == 0) {
        return smi4jmock_gpu_add_vgpu_type((int) a[0].i, (unsigned int) a[1].i, a[2].s, a[3].s, (unsigned long long) a[4].i, (unsigned int) a[5].i, (unsigned int) a[6].i, (int) a[7].i);
    }
    if (strcmp(name, "vgpu_type_placement") == 0) {
        return smi4jmock_vgpu_type_placement((int) a[0].i, (int) a[1].i, (unsigned int) a[2].i, (unsigned int) a[3].i);
    }
    if (strcmp(name, "vgpu_type_add_creatable_placement") == 0) {
        return smi4jmock_vgpu_type_add_creatable_placement((int) a[0].i, (int) a[1].i, (unsigned int) a[2].i);
    }
    if (strcmp(name, "vgpu_placement") == 0) {
        return smi4jmock_vgpu_placement((int) a[0].i, (int) a[1].i, (unsigned int) a[2].i);
    }
    if (strcmp(name, "vgpu_fbc") == 0) {
        return smi4jmock_vgpu_fbc((int) a[0].i, (int) a[1].i, (unsigned int) a[2].i, (unsigned int) a[3].i, (unsigned int) a[4].i);
    }
    if (strcmp(name, "vgpu_type_sizes") == 0) {
        return smi4jmock_vgpu_type_sizes((int) a[0].i, (int) a[1].i, a[2].i, a[3].i, a[4].i);
    }
    if (strcmp(name, "vgpu_runtime_state") == 0) {
        return smi4jmock_vgpu_runtime_state((int) a[0].i, (int) a[1].i, a[2].i);
    }
    if (strcmp(name, "gpu_vgpu_capability") == 0) {
        return smi4jmock_gpu_vgpu_capability((int) a[0].i, (unsigned int) a[1].i, a[2].i);
    }
    if (strcmp(name, "driver_vgpu_capability") == 0) {
        return smi4jmock_driver_vgpu_capability((unsigned int) a[0].i, a[1].i);
    }
    if (strcmp(name, "gpu_add_vgpu") == 0) {
        return smi4jmock_gpu_add_vgpu((int) a[0].i, (unsigned int) a[1].i, a[2].s, (unsigned int) a[3].i, a[4].s, (int) a[5].i, a[6].s, (unsigned long long) a[7].i, (unsigned int) a[8].i, (int) a[9].i, (unsigned int) a[10].i, (unsigned int) a[11].i, (unsigned int) a[12].i, (unsigned int) a[13].i, (unsigned int) a[14].i, (int) a[15].i);
    }
    if (strcmp(name, "vgpu_license") == 0) {
        return smi4jmock_vgpu_license((int) a[0].i, (int) a[1].i, (int) a[2].i, (unsigned int) a[3].i, (unsigned int) a[4].i, (unsigned int) a[5].i, (unsigned int) a[6].i, (unsigned int) a[7].i, (unsigned int) a[8].i, (unsigned int) a[9].i, (unsigned int) a[10].i);
    }
    if (strcmp(name, "vgpu_add_accounting") == 0) {
        return smi4jmock_vgpu_add_accounting((int) a[0].i, (int) a[1].i, (unsigned int) a[2].i, (unsigned int) a[3].i, (unsigned int) a[4].i, (unsigned long long) a[5].i, (unsigned long long) a[6].i, (unsigned long long) a[7].i, (int) a[8].i);
    }
    if (strcmp(name, "gpu_add_util_sample") == 0) {
        return smi4jmock_gpu_add_util_sample((int) a[0].i, (unsigned int) a[1].i, (unsigned long long) a[2].i, a[3].d, a[4].d, a[5].d, a[6].d, a[7].d, a[8].d);
    }
    if (strcmp(name, "gpu_add_process_sample") == 0) {
        return smi4jmock_gpu_add_process_sample((int) a[0].i, (unsigned int) a[1].i, (unsigned int) a[2].i, a[3].s, (unsigned long long) a[4].i, (unsigned int) a[5].i, (unsigned int) a[6].i, (unsigned int) a[7].i, (unsigned int) a[8].i);
    }
    if (strcmp(name, "inject_error") == 0) {
        return smi4jmock_inject_error(a[0].s, (int) a[1].i, (int) a[2].i);
    }
    if (strcmp(name, "inject_aimed") == 0) {
        return smi4jmock_inject_aimed(a[0].s, (int) a[1].i, (int) a[2].i, a[3].i, a[4].i, (int) a[5].i);
    }
    return -1;
}

static const call_shape *shape_of(const char *name) {
    for (size_t k = 0; k < sizeof SHAPES / sizeof SHAPES[0]; k++) {
        if (strcmp(SHAPES[k].name, name) == 0) {
            return &SHAPES[k];
        }
    }
    return NULL;
}

static int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/* Decodes a ' string token in place; returns the text, or NULL when it is malformed. */
static const char *decode(char *token) {
    if (token[0] != '\'') {
        return NULL;
    }
    char *out = token;
    for (const char *in = token + 1; *in; in++) {
        if (*in == '%') {
            int hi = hex(in[1]);
            int lo = hi < 0 ? -1 : hex(in[2]);
            if (lo < 0) {
                return NULL;
            }
            *out++ = (char) (hi * 16 + lo);
            in += 2;
        } else {
            *out++ = *in;
        }
    }
    *out = '\0';
    return token;
}

/* Runs one line; returns NULL, or what is wrong with it. */
static const char *run_line(char *line) {
    char *save = NULL;
    char *name = strtok_r(line, " ", &save);
    if (name == NULL) {
        return NULL; /* an empty line */
    }
    const call_shape *shape = shape_of(name);
    if (shape == NULL) {
        return "unknown call";
    }
    arg a[MAX_ARGS];
    memset(a, 0, sizeof a);
    size_t n = strlen(shape->kinds);
    for (size_t k = 0; k < n; k++) {
        char *token = strtok_r(NULL, " ", &save);
        if (token == NULL) {
            return "too few arguments";
        }
        char *end = NULL;
        errno = 0;
        switch (shape->kinds[k]) {
            case 's':
                a[k].s = decode(token);
                if (a[k].s == NULL) {
                    return "a malformed string";
                }
                continue;
            case 'd':
                a[k].d = strtod(token, &end);
                break;
            default:
                a[k].i = strtoll(token, &end, 10);
                break;
        }
        if (end == token || *end != '\0' || errno != 0) {
            return "a malformed number";
        }
    }
    if (strtok_r(NULL, " ", &save) != NULL) {
        return "too many arguments";
    }
    return dispatch(name, a) < 0 ? "values out of range or beyond the mock's capacity (mock.h)" : NULL;
}

/* The timeline of the loaded script: where each later poll's section starts in the file. */
#define MAX_SECTIONS 100000
static char *timeline_path;
static long section_poll[MAX_SECTIONS];
static long section_offset[MAX_SECTIONS];
static int section_line[MAX_SECTIONS];
static int sections;
static int next_section;
static long polls_counted;

/* "poll N": N, or 0 when the line is not a poll line. */
static long poll_line(const char *line) {
    if (strncmp(line, "poll ", 5) != 0) {
        return 0;
    }
    char *end = NULL;
    long n = strtol(line + 5, &end, 10);
    return end != line + 5 && *end == '\0' && n >= 2 ? n : -1;
}

/*
 * Runs the lines of f from its current position up to the next poll line (or the end), numbering them from
 * *number. At load (load != 0) the poll lines found are noted as sections and not run. 0, or -1 after one line.
 */
static int run_lines(FILE *f, const char *path, int *number, int load) {
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int status = 0;
    for (;;) {
        if ((len = getline(&line, &cap, f)) < 0) {
            break;
        }
        (*number)++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) {
            line[--len] = '\0';
        }
        long poll = poll_line(line);
        if (poll != 0) {
            if (!load) {
                break; /* the next poll's section */
            }
            if (poll < 0 || (sections > 0 && poll <= section_poll[sections - 1]) || sections == MAX_SECTIONS) {
                fprintf(stderr, "smi4j native mock: SMI4J_MOCK_SCENARIO=%s: line %d: expected \"poll N\" with N "
                        "after the last poll and at least 2\n", path, *number);
                status = -1;
                break;
            }
            section_poll[sections] = poll;
            section_offset[sections] = ftell(f);
            section_line[sections] = *number;
            sections++;
            continue;
        }
        if (load && sections > 0) {
            continue; /* a later poll's line: run when that poll comes */
        }
        const char *problem = run_line(line);
        if (problem != NULL) {
            fprintf(stderr, "smi4j native mock: SMI4J_MOCK_SCENARIO=%s: line %d: %s\n", path, *number, problem);
            status = -1;
            break;
        }
    }
    free(line);
    return status;
}

void mock_script_on_count(void) {
    polls_counted++;
    if (next_section >= sections || section_poll[next_section] != polls_counted || timeline_path == NULL) {
        return;
    }
    FILE *f = fopen(timeline_path, "rb");
    if (f == NULL || fseek(f, section_offset[next_section], SEEK_SET) != 0) {
        fprintf(stderr, "smi4j native mock: SMI4J_MOCK_SCENARIO=%s: cannot read poll %ld again\n", timeline_path,
                polls_counted);
    } else {
        /* the section sets the host up anew (smi4jmock_reset): the poll count and the faults injected stay, as the
           Java mock's fault plan outlives its timeline's steps */
        static mock_injection kept[MOCK_MAX_INJECTIONS];
        long long polls = mock.polls;
        int injectionCount = mock.injectionCount;
        memcpy(kept, mock.injections, sizeof kept);
        int number = section_line[next_section];
        run_lines(f, timeline_path, &number, 0);
        mock.polls = polls;
        if (mock.injectionCount == 0) {
            mock.injectionCount = injectionCount;
            memcpy(mock.injections, kept, sizeof kept);
        }
    }
    if (f != NULL) {
        fclose(f);
    }
    next_section++;
}

int mock_load_script(const char *path) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "smi4j native mock: SMI4J_MOCK_SCENARIO=%s: cannot open it: %s\n", path, strerror(errno));
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int number = 0;
    int status = 0;
    while ((len = getline(&line, &cap, f)) >= 0) {
        number++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) {
            line[--len] = '\0';
        }
        if (number == 1) {
            if (strcmp(line, "smi4j-native-script 1") != 0) {
                fprintf(stderr, "smi4j native mock: SMI4J_MOCK_SCENARIO=%s: line 1: expected "
                        "\"smi4j-native-script 1\" (convert a JSON scenario with NativeMock.script)\n", path);
                status = -1;
                break;
            }
            break;
        }
    }
    if (status == 0 && number == 1) {
        sections = 0;
        next_section = 0;
        polls_counted = 0;
        status = run_lines(f, path, &number, 1);
        if (status == 0 && sections > 0) {
            free(timeline_path);
            timeline_path = strdup(path);
        }
    }
    free(line);
    fclose(f);
    if (status == 0 && number == 0) {
        fprintf(stderr, "smi4j native mock: SMI4J_MOCK_SCENARIO=%s: empty\n", path);
        status = -1;
    }
    return status;
}

/* What SMI4J_MOCK_SCENARIO does at the first init, now (NativeMock.loadScript: tests in one process). */
EXPORT int smi4jmock_load_script(const char *path) {
    return mock_load_script(path);
}

nvmlReturn_t mock_script_at_init(void) {
    static int state = 0; /* 0 not yet looked at, 1 done, -1 the script failed: every init fails */
    if (state == 0) {
        const char *path = getenv("SMI4J_MOCK_SCENARIO");
        state = path == NULL || *path == '\0' || mock_load_script(path) == 0 ? 1 : -1;
    }
    return state < 0 ? NVML_ERROR_UNKNOWN : NVML_SUCCESS;
}
