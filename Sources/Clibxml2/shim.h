#include <libxml/xmlversion.h>
/* Keep the system ICU headers out: they clash with Foundation's own ICU module when both are
   imported. Only xmlCharEncodingHandler's tail depends on it, and we never touch that struct. */
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

/* xmlFree is a global function pointer, which Swift 6 treats as shared mutable state. */
static inline void sg_xml_free(void *pointer) { xmlFree(pointer); }
