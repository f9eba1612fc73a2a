/*
 * Where files live: XDG directories for the clerk's configuration and
 * data, and the shared data (forms, code lists, translations) either in
 * the source tree the binary was built in or where `make install` put it.
 */
#ifndef JOBDESK_PATHS_H
#define JOBDESK_PATHS_H

/* $XDG_CONFIG_HOME/jobdesk/jobdesk.ini (new string, caller frees). */
char	*paths_user_config(void);
/* $XDG_DATA_HOME/jobdesk (new string, caller frees); not created. */
char	*paths_user_data(void);
/* $XDG_STATE_HOME/jobdesk (new string, caller frees); not created. */
char	*paths_user_state(void);
/* Create a directory and its parents with mode 0700; 0 or -1 with errno. */
int	 paths_mkdir(const char *);
/* Default folders of form files and code lists: in the source tree the binary was built in, else under DATADIR. Static strings. */
const char *paths_forms_dir(void);
const char *paths_codes_dir(void);
/* Folder of compiled message catalogues. Static string. */
const char *paths_localedir(void);
/*
 * The paths of the files in dir whose names end in suffix (and are longer
 * than it), in alphasort(3) order: a new NULL-terminated array that the
 * caller frees with paths_list_free(); NULL with errno when dir cannot be read.
 */
char	**paths_list(const char *dir, const char *suffix);
void	  paths_list_free(char **);

#endif
