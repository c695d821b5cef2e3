#!/bin/sh
# Plain $VAR references are shell, not Flux variables: postBuild leaves them.
echo "starting podinfo as $USER in $PWD"
exec podinfo --port=9898 --level="$LOG_LEVEL"
