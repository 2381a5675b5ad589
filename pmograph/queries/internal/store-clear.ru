# Empty one of pmograph's graphs on a server (DROP cannot take a bound graph name).
DELETE { GRAPH ?graph { ?s ?p ?o } } WHERE { GRAPH ?graph { ?s ?p ?o } }
